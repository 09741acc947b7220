/* This file is part of the MyCar partner platform.
 * sao's hook for a deployment's own script (loaded after sao). */
Sao.config.title = 'MyCar';
