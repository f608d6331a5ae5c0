"""Pure text: host markup, the menu, the JSON report. Prints nothing."""
