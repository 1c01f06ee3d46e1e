"""The MkDocs layer: the plugin, kept pages and the search index. The only code that imports MkDocs."""
