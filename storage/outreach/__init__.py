"""Messages before the customer has to ask: late orders by the shop's own
rules become drafts a person reviews and sends in one go (issue 16)."""
