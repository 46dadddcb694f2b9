"""Modal screens that ask and return an answer: confirmations, pickers, forms, settings, help."""
