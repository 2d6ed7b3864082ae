export { RecoveryThrottle } from './recovery-throttle.decorator';
export { LoginThrottle } from './login-throttle.decorator';
