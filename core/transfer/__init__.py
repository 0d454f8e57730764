"""Export and import: the taskbot JSON document, CSV rows and Taskwarrior's `task export`,
mapped to and from core values in one place (the CLI and `/project export` share it)."""
