-- What the bulk reading of `sla_facts` (0005) cannot tell, sent to the walk:
-- - a merge or a split moves messages, and their events' timers follow them;
-- - an undone status change (data {"undoes": id}) is as if never made;
-- - after a priority or tag change, a breach incurred under the policy then in
--   force stays one: `changed` says when the last such change was, and the
--   reading walks those conversations when the shop's policies are chosen by
--   priority or tags (storage/sla/facts.py).
ALTER TABLE sla_facts ADD COLUMN changed INTEGER;

CREATE TRIGGER events_sla_facts_moves AFTER INSERT ON events
WHEN new.kind IN ('priority', 'tag_added', 'tag_removed', 'merged', 'split')
    OR (new.kind = 'status' AND new.data_json LIKE '%"undoes"%')
BEGIN
    INSERT OR IGNORE INTO sla_facts (conversation_id) VALUES (new.conversation_id);
    UPDATE sla_facts SET
        changed = CASE WHEN new.kind IN ('priority', 'tag_added', 'tag_removed')
            THEN max(coalesce(changed, new.at), new.at) ELSE changed END,
        walk = walk OR new.kind NOT IN ('priority', 'tag_added', 'tag_removed')
    WHERE conversation_id = new.conversation_id;
END;

UPDATE sla_facts SET changed = (
    SELECT max(e.at) FROM events e WHERE e.conversation_id = sla_facts.conversation_id
    AND e.kind IN ('priority', 'tag_added', 'tag_removed'));
UPDATE sla_facts SET walk = 1 WHERE conversation_id IN (
    SELECT conversation_id FROM events WHERE kind IN ('merged', 'split')
    OR (kind = 'status' AND data_json LIKE '%"undoes"%'));
