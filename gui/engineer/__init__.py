"""The engineer's screens of the station app: spec limits, revisions, statistics, certificates.

Every view binds a ``rig.engineering.Engineering`` to widgets; the rules live there.
"""
