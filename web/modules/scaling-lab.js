// placeholder: written in this issue
