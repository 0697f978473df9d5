"""Quizzes: trivia, personality and polls, three campaign kinds over one set of tables."""
