-- The Zoom meeting of a session, once created. Owned by org.kakehashi.scheduling (ZoomMeetings).
ALTER TABLE session ADD COLUMN zoom_meeting_id text;
