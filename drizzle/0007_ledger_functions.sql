-- The two hot ledger operations (hold before a job, settle after it) as one statement each, so a
-- hold or a settle is a single round trip holding the creator's account locks for microseconds.
-- Same rules as src/db/queries/credits.ts: idempotent by key, the creator's two accounts locked in
-- id order (no deadlocks), postings summing to zero (checked by the deferred trigger of 0003),
-- cached creator balances updated in the same transaction (CHECK ≥ 0 refuses an overdraft).
-- Errors: SQLSTATE CF404 hold not found, CF409 already settled / nothing left, CF422 capture > hold.
CREATE OR REPLACE FUNCTION ledger_creator_accounts(p_creator uuid, OUT v_avail uuid, OUT v_held uuid) AS $$
BEGIN
  SELECT max(id::text) FILTER (WHERE kind = 'available')::uuid, max(id::text) FILTER (WHERE kind = 'held')::uuid
    INTO v_avail, v_held FROM credit_accounts WHERE creator_id = p_creator AND kind IN ('available', 'held');
  IF v_avail IS NULL OR v_held IS NULL THEN
    INSERT INTO credit_accounts (creator_id, kind) VALUES (p_creator, 'available'), (p_creator, 'held') ON CONFLICT DO NOTHING;
    SELECT max(id::text) FILTER (WHERE kind = 'available')::uuid, max(id::text) FILTER (WHERE kind = 'held')::uuid
      INTO v_avail, v_held FROM credit_accounts WHERE creator_id = p_creator AND kind IN ('available', 'held');
  END IF;
  -- Lock both, always in id order.
  PERFORM 1 FROM credit_accounts WHERE id IN (v_avail, v_held) ORDER BY id FOR UPDATE;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_hold(p_creator uuid, p_amount bigint, p_key text, p_reason text) RETURNS SETOF credit_holds AS $$
DECLARE
  v_existing uuid;
  v_avail uuid;
  v_held uuid;
  v_hold uuid := gen_random_uuid();
  v_tx uuid;
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'A hold must be a positive whole number of credits' USING ERRCODE = 'CF422';
  END IF;
  SELECT hold_id INTO v_existing FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  IF FOUND THEN
    RETURN QUERY SELECT * FROM credit_holds WHERE id = v_existing AND creator_id = p_creator;
    RETURN;
  END IF;
  SELECT a.v_avail, a.v_held INTO v_avail, v_held FROM ledger_creator_accounts(p_creator) a;
  INSERT INTO credit_holds (id, creator_id, amount, reason) VALUES (v_hold, p_creator, p_amount, p_reason);
  INSERT INTO credit_transactions (creator_id, kind, idempotency_key, amount, hold_id, reason)
    VALUES (p_creator, 'hold', p_key, p_amount, v_hold, p_reason) RETURNING id INTO v_tx;
  INSERT INTO credit_postings (transaction_id, account_id, amount) VALUES (v_tx, v_avail, -p_amount), (v_tx, v_held, p_amount);
  UPDATE credit_accounts SET balance = balance + CASE WHEN id = v_avail THEN -p_amount ELSE p_amount END WHERE id IN (v_avail, v_held);
  RETURN QUERY SELECT * FROM credit_holds WHERE id = v_hold;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_settle(p_creator uuid, p_hold uuid, p_used bigint, p_key text) RETURNS SETOF credit_holds AS $$
DECLARE
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
  PERFORM 1 FROM credit_transactions WHERE creator_id = p_creator AND idempotency_key = p_key;
  IF FOUND THEN
    RETURN QUERY SELECT * FROM credit_holds WHERE id = p_hold AND creator_id = p_creator;
    RETURN;
  END IF;
  SELECT a.v_avail, a.v_held INTO v_avail, v_held FROM ledger_creator_accounts(p_creator) a;
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
