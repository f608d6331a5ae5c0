"""Pure and cheap to import: the model, its rules and its wording. No I/O, no clock."""
