"""The console's pages: thin views over app.console.services, one module per feature."""
