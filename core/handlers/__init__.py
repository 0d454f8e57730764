"""Command handlers: one function per command, each running inside a unit of work."""
