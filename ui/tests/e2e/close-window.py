#!/usr/bin/env python3
"""Asks X11 windows to close the way a window manager does when the title bar's close button is
clicked: a WM_DELETE_WINDOW client message (Xvfb runs no window manager, and WebDriver's Close Window
ends its session). Usage: close-window.py <window-id>..."""
import sys

from Xlib import X, display
from Xlib.protocol import event

d = display.Display()
protocols = d.intern_atom("WM_PROTOCOLS")
delete = d.intern_atom("WM_DELETE_WINDOW")
for wid in sys.argv[1:]:
    w = d.create_resource_object("window", int(wid))
    w.send_event(
        event.ClientMessage(window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])),
        event_mask=X.NoEventMask,
    )
d.sync()
