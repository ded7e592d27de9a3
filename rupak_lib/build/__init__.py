"""The build: which reports exist, running them in warm kernels, the output folder and its
manifest, and the preview that rebuilds what an edit touches."""
