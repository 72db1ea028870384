-- Each stored batch asks whether the conversations it threads into have a
-- satisfaction survey open (storage.survey_answers.open_surveys). Searched by
-- events_conversation, that read every event of those conversations, scattered
-- over the table: a cost that grew with the store (7 -> 35 ms per 1,000
-- messages from 10,000 to 100,000 in an import). Surveys are few: their own
-- index is small, and empty in a store that never sent one.
CREATE INDEX events_surveys ON events(conversation_id, at)
    WHERE kind = 'auto_message' AND value = 'survey';
