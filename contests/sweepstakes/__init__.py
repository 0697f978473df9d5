"""Sweepstakes: eligible entries, bonus entries, frozen official rules and verifiable draws."""
