"""The Discord adapter (discord.py): slash commands, persistent task cards, modals, and the
notifier that delivers outbox notifications as DMs and channel posts. Importing it builds
no client; `bot.discord_app` does."""
