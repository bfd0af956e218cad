// The usual root device names: never detached, even where RootDeviceName names another (moto says /dev/xvda
// while it attaches the root volume at /dev/sda1). Sparing a data disk is better than detaching a root one.
const USUAL_ROOT_DEVICES = new Set(['/dev/sda', '/dev/sda1', '/dev/xvda', '/dev/xvda1', '/dev/nvme0n1']);

/** Whether a device may hold the instance's root volume (no SDK here: Chaos's plan reads it at import). */
export function mayBeRootDevice(device: string, rootDeviceName: string | undefined): boolean {
  return device === rootDeviceName || USUAL_ROOT_DEVICES.has(device);
}
