"""One outside thing per module: files, HTTP, the keyring, notifications, dialogs, tools."""
