"""Python loads this at start-up in the processes of a run a fault test starts (the test puts
this folder first on PYTHONPATH; see fault_points.py). Nowhere else."""

import fault_points

fault_points.install_if_asked()
