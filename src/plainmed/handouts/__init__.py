"""The handout layer: handout HTML and PDFs, the print workers, the site's handouts, clinic config."""
