"""Delivery of the outbox: one worker (whoever holds the lease) drains it per channel, paced."""
