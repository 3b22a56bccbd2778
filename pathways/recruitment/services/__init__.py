"""Every write to ethical recruitment: atomic, audited, refusing bad input with errors naming the field.
One module per concept: agencies, exchange rates and conversion, job orders, recruitments, complaints."""
