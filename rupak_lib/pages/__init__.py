"""Pages: the HTML files a build writes besides the reports' own (the reader's and handout
versions of a notebook, the index, the page of each source, the frame around every page)."""
