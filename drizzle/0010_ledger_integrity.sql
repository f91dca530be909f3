-- Ledger integrity (issue #9, items 13–17 and the purchase reversal billing needs).
--
-- 1. Links: a refund names the capture it gives back, a purchase reversal the purchase
--    (credit_transactions.reverses_id, added by the previous migration), so "refunded ≤ captured" and
--    "reversed at most once" can be checked.
-- 2. Idempotency keys are bound to their operation: a replay returns the stored result only when it
--    is the same operation (kind, hold, amount); anything else is SQLSTATE CFKEY.
-- 3. Every keyed operation checks its key again once it holds the creator's account locks, so
--    concurrent retries of one operation all return the one stored result.
-- 4. The ledger refuses DELETE and TRUNCATE as well as UPDATE, cascades included.

-- What a stored transaction did, in the words of a conflict message (same wording as credits.ts).
CREATE OR REPLACE FUNCTION ledger_describe(t credit_transactions) RETURNS text AS $$
BEGIN
  RETURN CASE t.kind::text
    WHEN 'capture' THEN format('settling hold %s with %s credits used', t.hold_id, t.amount)
    WHEN 'release' THEN format('releasing %s credits of hold %s', t.amount, t.hold_id)
    WHEN 'refund' THEN format('a refund of %s credits of hold %s', t.amount, t.hold_id)
    WHEN 'purchase_reversal' THEN format('a reversal of purchase %s', t.reverses_id)
    WHEN 'adjustment' THEN format('an adjustment of %s credits', t.amount)
    ELSE format('a %s of %s credits', t.kind, t.amount)
  END;
END;
$$ LANGUAGE plpgsql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_key_conflict(p_key text, t credit_transactions, p_requested text) RETURNS void AS $$
BEGIN
  RAISE EXCEPTION 'Idempotency key "%" was already used for %; this request is %. A retry must repeat the same operation; use a new key for a different one.',
    p_key, ledger_describe(t), p_requested USING ERRCODE = 'CFKEY';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- Hold: a replay returns the hold only if the key was used for a hold of the same amount. The key
-- is looked up once without locks (the common replay costs no lock) and again after the creator's
-- accounts are locked: a concurrent call with the same key that committed while we waited is then
-- seen (READ COMMITTED: every statement of a volatile function takes a fresh snapshot).
CREATE OR REPLACE FUNCTION ledger_hold(p_creator uuid, p_amount bigint, p_key text, p_reason text) RETURNS SETOF credit_holds AS $$
DECLARE
  t credit_transactions%ROWTYPE;
  v_avail uuid;
  v_held uuid;
  v_hold uuid := gen_random_uuid();
  v_tx uuid;
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'A hold must be a positive whole number of credits' USING ERRCODE = 'CF422';
  END IF;
  SELECT * INTO t FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  IF NOT FOUND THEN
    SELECT a.v_avail, a.v_held INTO v_avail, v_held FROM ledger_creator_accounts(p_creator) a;
    SELECT * INTO t FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  END IF;
  IF t.id IS NOT NULL THEN
    IF t.kind <> 'hold' OR t.amount <> p_amount THEN
      PERFORM ledger_key_conflict(p_key, t, format('a hold of %s credits', p_amount));
    END IF;
    RETURN QUERY SELECT * FROM credit_holds WHERE id = t.hold_id AND creator_id = p_creator;
    RETURN;
  END IF;
  INSERT INTO credit_holds (id, creator_id, amount, reason) VALUES (v_hold, p_creator, p_amount, p_reason);
  INSERT INTO credit_transactions (creator_id, kind, idempotency_key, amount, hold_id, reason)
    VALUES (p_creator, 'hold', p_key, p_amount, v_hold, p_reason) RETURNING id INTO v_tx;
  INSERT INTO credit_postings (transaction_id, account_id, amount) VALUES (v_tx, v_avail, -p_amount), (v_tx, v_held, p_amount);
  UPDATE credit_accounts SET balance = balance + CASE WHEN id = v_avail THEN -p_amount ELSE p_amount END WHERE id IN (v_avail, v_held);
  RETURN QUERY SELECT * FROM credit_holds WHERE id = v_hold;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- Settle: the key is stored on the capture (or, when nothing was used, on the release); a replay
-- must name the same hold and the same credits used. Checked again after the locks, so concurrent
-- retries of one settle all return the settled hold instead of "already settled".
-- The capture's created_at equals the hold's settled_at (both now() of this transaction); refunds
-- find a hold's capture by it.
CREATE OR REPLACE FUNCTION ledger_settle(p_creator uuid, p_hold uuid, p_used bigint, p_key text) RETURNS SETOF credit_holds AS $$
DECLARE
  t credit_transactions%ROWTYPE;
  v_avail uuid;
  v_held uuid;
  v_consumption uuid;
  v_tx uuid;
  h credit_holds%ROWTYPE;
  v_remaining bigint;
  v_rest bigint;
BEGIN
  IF p_used IS NULL OR p_used < 0 THEN
    RAISE EXCEPTION 'Used credits must be a whole number ≥ 0' USING ERRCODE = 'CF422';
  END IF;
  SELECT * INTO t FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  IF NOT FOUND THEN
    SELECT a.v_avail, a.v_held INTO v_avail, v_held FROM ledger_creator_accounts(p_creator) a;
    SELECT * INTO t FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  END IF;
  IF t.id IS NOT NULL THEN
    IF t.hold_id IS DISTINCT FROM p_hold OR NOT ((t.kind = 'capture' AND t.amount = p_used) OR (t.kind = 'release' AND p_used = 0)) THEN
      PERFORM ledger_key_conflict(p_key, t, format('settling hold %s with %s credits used', p_hold, p_used));
    END IF;
    RETURN QUERY SELECT * FROM credit_holds WHERE id = p_hold AND creator_id = p_creator;
    RETURN;
  END IF;
  SELECT * INTO h FROM credit_holds WHERE id = p_hold AND creator_id = p_creator FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Hold not found' USING ERRCODE = 'CF404';
  END IF;
  IF h.status <> 'open' THEN
    RAISE EXCEPTION 'This hold is already settled' USING ERRCODE = 'CF409';
  END IF;
  v_remaining := h.amount - h.captured - h.released;
  IF p_used > v_remaining THEN
    RAISE EXCEPTION 'Cannot capture % credits from a hold of %', p_used, v_remaining USING ERRCODE = 'CF422';
  END IF;
  IF v_remaining = 0 THEN
    RAISE EXCEPTION 'Nothing left on this hold' USING ERRCODE = 'CF409';
  END IF;
  v_rest := v_remaining - p_used;
  IF p_used > 0 THEN
    SELECT id INTO v_consumption FROM credit_accounts WHERE creator_id IS NULL AND kind = 'platform_consumption';
    IF NOT FOUND THEN
      INSERT INTO credit_accounts (creator_id, kind) VALUES (NULL, 'platform_consumption') ON CONFLICT DO NOTHING;
      SELECT id INTO v_consumption FROM credit_accounts WHERE creator_id IS NULL AND kind = 'platform_consumption';
    END IF;
    INSERT INTO credit_transactions (creator_id, kind, idempotency_key, amount, hold_id)
      VALUES (p_creator, 'capture', p_key, p_used, p_hold) RETURNING id INTO v_tx;
    INSERT INTO credit_postings (transaction_id, account_id, amount) VALUES (v_tx, v_held, -p_used), (v_tx, v_consumption, p_used);
  END IF;
  IF v_rest > 0 THEN
    INSERT INTO credit_transactions (creator_id, kind, idempotency_key, amount, hold_id)
      VALUES (p_creator, 'release', CASE WHEN p_used > 0 THEN p_key || ':release' ELSE p_key END, v_rest, p_hold) RETURNING id INTO v_tx;
    INSERT INTO credit_postings (transaction_id, account_id, amount) VALUES (v_tx, v_held, -v_rest), (v_tx, v_avail, v_rest);
    UPDATE credit_accounts SET balance = balance + v_rest WHERE id = v_avail;
  END IF;
  UPDATE credit_accounts SET balance = balance - v_remaining WHERE id = v_held;
  UPDATE credit_holds SET captured = h.captured + p_used, released = h.released + v_rest, status = 'settled', settled_at = now()
    WHERE id = p_hold;
  RETURN QUERY SELECT * FROM credit_holds WHERE id = p_hold;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- Append-only, for real: 0003 refused UPDATE of both tables but DELETE only of postings, and only
-- outside a cascade (pg_trigger_depth() = 0), so deleting a transaction (its postings cascading) or
-- a school (everything cascading) silently rewrote the books. Now every DELETE and TRUNCATE of a
-- ledger row is refused, cascades included: a school with ledger rows cannot be deleted. Holds are
-- updated by settle but never deleted (the held balance is reconciled against them).
DROP TRIGGER IF EXISTS credit_postings_append_only ON credit_postings;--> statement-breakpoint
CREATE TRIGGER credit_postings_append_only BEFORE UPDATE OR DELETE ON credit_postings
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();--> statement-breakpoint
DROP TRIGGER IF EXISTS credit_transactions_append_only ON credit_transactions;--> statement-breakpoint
CREATE TRIGGER credit_transactions_append_only BEFORE UPDATE OR DELETE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER credit_postings_no_truncate BEFORE TRUNCATE ON credit_postings
  FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER credit_transactions_no_truncate BEFORE TRUNCATE ON credit_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER credit_holds_no_delete BEFORE DELETE ON credit_holds
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER credit_holds_no_truncate BEFORE TRUNCATE ON credit_holds
  FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only();
