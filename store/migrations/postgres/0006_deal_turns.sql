-- Whose move each deal waits on and since when, kept beside the deal's
-- state so that the dashboard reads an index, not every deal (P7, B3).
ALTER TABLE deals ADD COLUMN whose_move TEXT NOT NULL DEFAULT '';
ALTER TABLE deals ADD COLUMN waiting_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN followed_up INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deals_turns ON deals (workspace_id, status, whose_move, waiting_since);
