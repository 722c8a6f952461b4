"""Telegram: `channel` (updates -> turns, responses -> messages), `application` (PTB's
Application, webhook, start with backoff), `errors` (what a Bot API fault means, for the
channel and the outbox alike), `render` (Telegram's limits on texts and keyboards)."""
