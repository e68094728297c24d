"""Reports for operators and subscribers: /stats figures and the PNG charts. Pure: never imports telegram."""
