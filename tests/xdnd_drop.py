#!/usr/bin/env python3
"""Drops a file on an X window as a file manager does: the XDND protocol (version 5, as
freedesktop.org specifies it), with the file offered as text/uri-list. Used by
tests/gui_drop.sh to drive the real window's drop path (GLFW's XDND target).

Usage: xdnd_drop.py WINDOW_ID PATH [X Y]   (X Y: where in the window, default its middle)
Exit 0 when the target accepted the drop and asked for the data, 1 otherwise."""
import sys
import time
import urllib.parse

from Xlib import X, display
from Xlib.protocol import event

XDND_VERSION = 5


def client_message(d, target, type_name, data):
    ev = event.ClientMessage(window=target, client_type=d.intern_atom(type_name), data=(32, data))
    target.send_event(ev, event_mask=X.NoEventMask)
    d.flush()


def next_event(d, deadline):
    while time.time() < deadline:
        if d.pending_events():
            return d.next_event()
        time.sleep(0.01)
    return None


def main():
    if len(sys.argv) not in (3, 5):
        print(__doc__, file=sys.stderr)
        return 2
    d = display.Display()
    target = d.create_resource_object('window', int(sys.argv[1], 0))
    uri = ('file://' + urllib.parse.quote(sys.argv[2]) + '\r\n').encode()
    geom = target.get_geometry()
    origin = target.translate_coords(d.screen().root, 0, 0)
    x = int(sys.argv[3]) if len(sys.argv) == 5 else geom.width // 2
    y = int(sys.argv[4]) if len(sys.argv) == 5 else geom.height // 2
    root_x, root_y = x - origin.x, y - origin.y

    # The drag source: a window of ours that owns the XdndSelection.
    source = d.screen().root.create_window(0, 0, 1, 1, 0, d.screen().root_depth)
    uri_list = d.intern_atom('text/uri-list')
    selection = d.intern_atom('XdndSelection')
    source.set_selection_owner(selection, X.CurrentTime)
    client_message(d, target, 'XdndEnter', [source.id, XDND_VERSION << 24, uri_list, 0, 0])
    client_message(d, target, 'XdndPosition',
                   [source.id, 0, (root_x << 16) | root_y, X.CurrentTime, d.intern_atom('XdndActionCopy')])

    deadline = time.time() + 10
    accepted = asked = finished = False
    while time.time() < deadline and not finished:
        ev = next_event(d, deadline)
        if ev is None:
            break
        if ev.type == X.ClientMessage:
            name = d.get_atom_name(ev.client_type)
            if name == 'XdndStatus':
                accepted = bool(ev.data[1][1] & 1)
                if not accepted:
                    break
                client_message(d, target, 'XdndDrop', [source.id, 0, X.CurrentTime, 0, 0])
            elif name == 'XdndFinished':
                finished = True
        elif ev.type == X.SelectionRequest and ev.selection == selection:
            # The target asks for the data: the uri-list, on the property it names.
            requestor = ev.requestor
            prop = ev.property or ev.target
            requestor.change_property(prop, ev.target, 8, uri)
            notify = event.SelectionNotify(time=ev.time, requestor=requestor, selection=ev.selection,
                                           target=ev.target, property=prop)
            requestor.send_event(notify, event_mask=X.NoEventMask)
            d.flush()
            asked = True
    print(f'xdnd_drop: accepted={accepted} data_sent={asked} finished={finished}')
    return 0 if accepted and asked else 1


if __name__ == '__main__':
    sys.exit(main())
