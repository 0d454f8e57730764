"""Project templates (issue 11): a project's tasks, dependencies, priorities, descriptions,
estimates, milestones and relative due dates kept under a name, written by hand as YAML or
saved from a project, and applied to start a new project in one transaction.

Modules: `document` (the validated model), `yaml_io` (YAML with line marks), `offsets`
(working-day offsets), `ports` (storage), `commands`, `results`, `text` (plain rendering),
`plan_hook` (where milestones and estimates will be applied)."""
