-- Double-entry invariants, enforced by the database (not only by code).
-- 1. The postings of every credit transaction sum to zero. Checked at commit (deferred), so a
--    transaction may insert its postings one by one.
CREATE OR REPLACE FUNCTION credit_postings_balanced() RETURNS trigger AS $$
DECLARE
  total bigint;
BEGIN
  SELECT COALESCE(SUM(amount), 0) INTO total FROM credit_postings WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'credit transaction % is unbalanced: postings sum to %', NEW.transaction_id, total
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER credit_postings_balanced
  AFTER INSERT ON credit_postings
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION credit_postings_balanced();
--> statement-breakpoint
-- 2. The ledger is append-only: postings and transactions are never changed or deleted
--    (a mistake is corrected by a new, reversing transaction).
CREATE OR REPLACE FUNCTION credit_ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the credit ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_postings_append_only BEFORE UPDATE OR DELETE ON credit_postings
  FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION credit_ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER credit_transactions_append_only BEFORE UPDATE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();
