"""Long exports as jobs: their files under the instance folder, their progress, their expiry."""
