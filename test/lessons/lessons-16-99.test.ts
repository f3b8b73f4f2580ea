import { lessonsCheckSlice } from './lessons-check-slice.ts';

lessonsCheckSlice(16, 99);
