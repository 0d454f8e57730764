"""The time-driven half of taskbot: digests, reminders, due/overdue alerts, recurrence.

Pure rules live here (time arithmetic, recurrence rules, digest composition, the tick's
decisions); what is due lives in the storage adapter's schedule tables, reached through
the scheduler's repositories on the unit of work (`core.scheduling.ports`)."""
