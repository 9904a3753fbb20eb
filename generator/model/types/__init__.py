"""The content types, one module per family; ``content_types.CONTENT_TYPES`` lists them in order."""
