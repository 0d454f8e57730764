"""The console adapter: a chat in the terminal, for trying the bot, demos and e2e tests."""
