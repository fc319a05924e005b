"""Built-in graders, one family per module. Imported lazily through the registry."""
