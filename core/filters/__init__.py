"""The filter language of `/task list`, `/task count`, exports and charts, and the urgency
score of `/task next`: pure core, plain values in, plain values out.

- `parse.parse_filter(text, now, tz)` -> `query.Query` (or a one-line UserError);
- `evaluate` decides which tasks a query selects and orders them (the oracle a storage
  translation is tested against);
- `urgency` ranks open, unblocked work and says why.
"""
