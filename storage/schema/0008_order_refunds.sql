-- Each refund of an order as the export gives it, JSON:
-- [{"amount": "46.00", "at": 1526456100, "reason": "damaged"}]; at may be null.
ALTER TABLE orders ADD COLUMN refunds_json TEXT NOT NULL DEFAULT '[]';
