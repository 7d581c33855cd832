-- Sign-up: how many wait for each session, kept by the database on every change of registration
-- (whoever makes it: the sign-up, a cancellation, a move up, a cascade), so that a group of sign-ups
-- holding the session's lock tells each waiting person their place (those waiting before + their rank
-- in the group) without counting the waitlist. Owned by org.kakehashi.signup (README, "Seats").
CREATE TABLE waitlist_count (
  session_id bigint PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
  waiting    int NOT NULL
);

INSERT INTO waitlist_count (session_id, waiting)
SELECT session_id, count(*) FROM registration WHERE status = 'waitlisted' GROUP BY session_id;

-- One statement-level trigger per kind of change, each adding what the statement changed per session.
CREATE FUNCTION registration_waitlist_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO waitlist_count AS c (session_id, waiting)
  SELECT n.session_id, count(*) FROM inserted n WHERE n.status = 'waitlisted' GROUP BY n.session_id ORDER BY n.session_id
  ON CONFLICT (session_id) DO UPDATE SET waiting = c.waiting + excluded.waiting;
  RETURN NULL;
END $$;

CREATE FUNCTION registration_waitlist_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO waitlist_count AS c (session_id, waiting)
  SELECT d.session_id, sum(d.delta) FROM (
      SELECT n.session_id, 1 AS delta FROM after_rows n WHERE n.status = 'waitlisted'
      UNION ALL
      SELECT o.session_id, -1 FROM before_rows o WHERE o.status = 'waitlisted') d
   GROUP BY d.session_id HAVING sum(d.delta) <> 0 ORDER BY d.session_id
  ON CONFLICT (session_id) DO UPDATE SET waiting = c.waiting + excluded.waiting;
  RETURN NULL;
END $$;

-- Only an UPDATE here: a session being deleted takes its count with it (the cascade), nothing is added back.
CREATE FUNCTION registration_waitlist_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE waitlist_count c SET waiting = c.waiting - d.n
    FROM (SELECT o.session_id, count(*) AS n FROM deleted o WHERE o.status = 'waitlisted' GROUP BY o.session_id) d
   WHERE c.session_id = d.session_id;
  RETURN NULL;
END $$;

CREATE TRIGGER registration_waitlist_inserted AFTER INSERT ON registration
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION registration_waitlist_inserted();
CREATE TRIGGER registration_waitlist_updated AFTER UPDATE ON registration
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_waitlist_updated();
CREATE TRIGGER registration_waitlist_deleted AFTER DELETE ON registration
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION registration_waitlist_deleted();
