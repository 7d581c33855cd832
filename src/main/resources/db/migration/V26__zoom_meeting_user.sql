-- The Zoom user (host licence) the session's meeting was created on, so that a change of the
-- session's host licence moves the meeting (create on the new host, delete on the old) instead of
-- leaving it on a licence the app now gives to another session. Written through SessionStore by
-- org.kakehashi.scheduling (ZoomMeetings); null for meetings created before it was kept (taken to be
-- on the session's present host).
ALTER TABLE session ADD COLUMN zoom_meeting_user text;
