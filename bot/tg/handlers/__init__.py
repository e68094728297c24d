"""The handlers, one module per feature; app.register_handlers wires them in one block."""
