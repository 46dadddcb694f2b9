"""The screens: dashboard, detail screens, forms and dialogs."""
