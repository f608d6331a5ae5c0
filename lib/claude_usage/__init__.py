"""claude-usage: Claude subscription limits in the menu bar."""

__version__ = "0.1.0"
