"""A single scatterer in a ring: its amplitudes and the ring's levels from them."""
