"""Notifications that respect attention: per-person batching (`/task notify hourly|daily`)
and burst coalescing (one DM for a burst of changes by one person).

Non-urgent DMs (assigned, commented, completed, changed, deleted) are held in the database
(`AttentionRepository`) instead of going to the outbox, and a scheduler tick releases each
person's held notes as one summary DM when their time comes. Urgent kinds (unblocked,
due-soon, overdue, escalations, reminders, replies) are never held here; quiet hours
(`core.scheduling.quiet`) still apply to everything."""
