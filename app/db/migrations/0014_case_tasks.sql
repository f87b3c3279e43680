-- Tasks in a case, with a due date and an owner.
CREATE TABLE case_task (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  due_on date NOT NULL,
  owner_id bigint NOT NULL REFERENCES staff_user (id),
  done_at timestamptz,
  created_by bigint REFERENCES staff_user (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX case_task_owner_idx ON case_task (owner_id, due_on) WHERE done_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON case_task TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;
ALTER TABLE case_task ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_task FORCE ROW LEVEL SECURITY;
DO $$
BEGIN
  EXECUTE format('CREATE POLICY case_task_owner ON case_task FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
CREATE POLICY case_task_case_scope ON case_task FOR ALL TO herstel_app
  USING (herstel_can_see_case(case_id)) WITH CHECK (herstel_can_see_case(case_id));
