"""Signals other parts of the platform listen to, sent only after the action has committed."""

from blinker import Namespace

_signals = Namespace()

# Sent once per stored event, after commit, with the sender the app and the keyword
# `event`: a RecordedEvent. Listeners (badges, webhooks) must be cheap or enqueue a job.
event_recorded = _signals.signal("event-recorded")
