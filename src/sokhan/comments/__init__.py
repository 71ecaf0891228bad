"""Comments: "Add new comment" in the Plain text format, moderated, private."""
