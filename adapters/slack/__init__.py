"""Slack adapter: bolt listeners, Block Kit renderers, the notifier. Importing it starts
nothing; `bot.slack_app` builds the app, the clients and the server."""
