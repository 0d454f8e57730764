"""Async standup check-ins (`/standup`): a channel's questions, asked to each participant
in their own zone, answered by DM, reported to the channel once a day."""
