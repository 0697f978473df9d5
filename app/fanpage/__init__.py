"""What every fan page is made with, whichever package draws it: the fan cookie, the framing
policy (CSP), messages with a way forward, the brand looked up by slug and its colours."""
